package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** README and docs/ link each other by file and heading: a moved page or renamed heading must not leave dead links. */
class DocsLinksTest {
  /** {@code [text](target)} or {@code ![alt](target "title")}; the target is group 1. */
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+)$");
  /** http:, https:, mailto: and any other scheme: not a file of this repository. */
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

  @Test
  void everyRelativeLinkPointsToAFileAndHeadingThatExist() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<String> failures = new ArrayList<>();
    for (Path page : pages) {
      for (String target : links(page)) {
        if (SCHEME.matcher(target).find()) {
          continue;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path file = path.isEmpty() ? page : page.resolveSibling(path).normalize();
        if (!Files.exists(file)) {
          failures.add(page + ": link " + target + ": no such file");
        } else if (hash >= 0 && file.toString().endsWith(".md")
            && !headingSlugs(file).contains(target.substring(hash + 1))) {
          failures.add(page + ": link " + target + ": no such heading");
        }
      }
    }
    assertThat(failures).withFailMessage("dead links:%n%s", String.join("\n", failures)).isEmpty();
  }

  /** The lines outside fenced code blocks. */
  private static List<String> prose(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(file)) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Link targets outside code blocks and code spans (a code span may wrap onto the next line). */
  private static List<String> links(Path file) throws IOException {
    String text = String.join("\n", prose(file)).replaceAll("`[^`]*`", "");
    List<String> targets = new ArrayList<>();
    Matcher m = LINK.matcher(text);
    while (m.find()) {
      targets.add(m.group(1));
    }
    return targets;
  }

  /** GitHub's anchors: lower case, punctuation dropped but for '-' and '_', spaces to '-', repeats numbered. */
  private static Set<String> headingSlugs(Path file) throws IOException {
    Set<String> slugs = new HashSet<>();
    for (String line : prose(file)) {
      Matcher m = HEADING.matcher(line);
      if (m.matches()) {
        String slug = m.group(1).strip().toLowerCase(Locale.ROOT)
            .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
        String unique = slug;
        for (int n = 1; !slugs.add(unique); n++) {
          unique = slug + "-" + n;
        }
      }
    }
    return slugs;
  }
}
