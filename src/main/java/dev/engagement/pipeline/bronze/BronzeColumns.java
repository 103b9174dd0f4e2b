package dev.engagement.pipeline.bronze;

import java.util.List;

/** The bronze input contract: the columns every export must carry, by exact name. */
public final class BronzeColumns {
  private BronzeColumns() {}

  public static final List<String> REQUIRED =
      List.of(
          "StudentID",
          "CourseID",
          "StudentEmail",
          "LoginTime",
          "ProgressPercentage",
          "EngagementScore",
          "LastModifiedDate");
}
