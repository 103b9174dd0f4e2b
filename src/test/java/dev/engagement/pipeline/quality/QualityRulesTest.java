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
        .hasMessage("my.psv line 2: expected 7 fields separated by '|', found 5");
    assertThatThrownBy(() -> QualityRules.parse("my.psv", "r | out | CODE | explode | - | TRUE | m\n", BOUNDS))
        .hasMessage("my.psv line 1: action must be warn, drop or fail, not 'explode'");
    assertThatThrownBy(() -> QualityRules.parse("my.psv", "r | out | CODE | drop | lots | TRUE | m\n", BOUNDS))
        .hasMessage("my.psv line 1: max must be a number of rows, a percentage like 5% or -, not 'lots'");
    assertThatThrownBy(() -> QualityRules.parse("my.psv", "r | out | CODE | drop | - | x > ${nope} | m\n", BOUNDS))
        .hasMessageContaining("no value for ${nope} in my.psv line 1");
  }

  @Test
  void overridesChangeActionsAndLimitsByRuleName() {
    QualityRules rules = QualityRules.defaults(BOUNDS).withOverrides("gates.properties", """
        # comment
        null_student_id.action = fail
        null_student_id.max = 5%
        invalid_login_time.max = 10
        """);
    QualityRule student = rules.rules().get(0);
    assertThat(student.action()).isEqualTo(QualityRule.Action.FAIL);
    assertThat(student.max()).isEqualTo(new QualityRule.Limit(5, true));
    assertThat(rules.rules().get(3).max()).isEqualTo(new QualityRule.Limit(10, false));
    assertThat(rules.admitted()).as("a fail rule keeps its rows out of silver, like drop").contains("StudentIDValue IS NULL");
    assertThatThrownBy(() -> QualityRules.defaults(BOUNDS).withOverrides("g", "null_student_id.colour = red"))
        .hasMessage("g line 1: a rule has an action and a max, not 'colour'");
    assertThatThrownBy(() -> QualityRules.defaults(BOUNDS).withOverrides("g", "null_student_id.max = 101%"))
        .hasMessageContaining("g line 1: max must be");
    assertThatThrownBy(() -> QualityRules.defaults(BOUNDS).withOverrides("g", "just text"))
        .hasMessageContaining("g line 1: expected '<rule>.action = ...'");
  }

  @Test
  void gatesFireAboveTheirLimit() {
    QualityRules rules = QualityRules.defaults(BOUNDS).withOverrides("g", """
        null_student_id.action = fail
        null_student_id.max = 5%
        null_course_id.max = 2
        """);
    var gates = QualityGates.judge(rules, java.util.Map.of("NULL_STUDENT_ID", 5L, "NULL_COURSE_ID", 2L,
        "NULL_ENGAGEMENT_SCORE", 1L), 100);
    assertThat(gates).filteredOn(QualityGates.Gate::fired).extracting(g -> g.rule().code())
        .containsExactly("NULL_ENGAGEMENT_SCORE"); // 5% of 100 is not more than 5%; 2 is not more than 2
    gates = QualityGates.judge(rules, java.util.Map.of("NULL_STUDENT_ID", 6L), 100);
    assertThat(QualityGates.fired(gates, QualityRule.Action.FAIL)).extracting(g -> g.rule().rule())
        .containsExactly("null_student_id");
  }

  @Test
  void messagesQuoteTheRawValueOrSayNull() {
    assertThat(QualityRules.message("A {LoginTime} isn't b"))
        .isEqualTo("CONCAT('A ', COALESCE('''' || LoginTime || '''', 'NULL'), ' isn''t b')");
  }
}
