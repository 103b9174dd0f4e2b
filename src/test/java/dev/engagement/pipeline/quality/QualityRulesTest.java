package dev.engagement.pipeline.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityRulesTest {
  private static final Map<String, String> BOUNDS = Map.of(
      "progress.min", "0", "progress.max", "100", "engagement.min", "0", "engagement.max", "100");

  @Test
  void theShippedTableHasTheContractsCodesInOrder() {
    assertThat(QualityRules.defaults(BOUNDS).rules()).extracting(QualityRule::code).containsExactly(
        "NULL_STUDENT_ID", "NULL_COURSE_ID", "NULL_ENGAGEMENT_SCORE", "INVALID_LOGIN_TIME",
        "INVALID_LAST_MODIFIED_DATE", "INVALID_PROGRESS_PERCENTAGE", "INVALID_ENGAGEMENT_SCORE");
    assertThat(QualityRules.defaults(BOUNDS).rules()).filteredOn(r -> r.action() == QualityRule.Action.WARN)
        .extracting(QualityRule::code).containsExactly("NULL_ENGAGEMENT_SCORE");
  }

  @Test
  void malformedLinesAreNamed() {
    assertThatThrownBy(() -> QualityRules.parse("my.psv", "# c\nr | out | CODE | drop | TRUE\n", BOUNDS))
        .hasMessage("my.psv line 2: expected 6 fields separated by '|', found 5");
    assertThatThrownBy(() -> QualityRules.parse("my.psv", "r | out | CODE | explode | TRUE | m\n", BOUNDS))
        .hasMessage("my.psv line 1: action must be drop or warn, not 'explode'");
    assertThatThrownBy(() -> QualityRules.parse("my.psv", "r | out | CODE | drop | x > ${nope} | m\n", BOUNDS))
        .hasMessageContaining("no value for ${nope} in my.psv line 1");
  }

  @Test
  void messagesQuoteTheRawValueOrSayNull() {
    assertThat(QualityRules.message("A {LoginTime} isn't b"))
        .isEqualTo("CONCAT('A ', COALESCE('''' || LoginTime || '''', 'NULL'), ' isn''t b')");
  }
}
