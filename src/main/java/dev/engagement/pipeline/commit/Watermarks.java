package dev.engagement.pipeline.commit;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The text form of a watermark: 'yyyy-MM-dd HH:mm:ss.SSS', which sorts as it reads. */
public final class Watermarks {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  /** Before every valid LastModifiedDate: an empty watermark admits every row that has one. */
  public static final LocalDateTime NONE = LocalDateTime.of(1, 1, 1, 0, 0);

  private Watermarks() {}

  public static String format(LocalDateTime value) {
    return value.format(FORMAT);
  }

  public static LocalDateTime parse(String text) {
    return LocalDateTime.parse(text, FORMAT);
  }
}
