package dev.engagement.pipeline.bronze;

import dev.engagement.pipeline.lake.ErasedStudents;
import org.apache.flink.table.functions.ScalarFunction;

/** {@code IS_ERASED(StudentIDValue)}: whether the row is of a student erased from the lake. */
public final class IsErased extends ScalarFunction {
  private final ErasedStudents erased;

  public IsErased(ErasedStudents erased) {
    this.erased = erased;
  }

  public boolean eval(String studentId) {
    return erased.contains(studentId);
  }
}
