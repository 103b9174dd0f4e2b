package dev.engagement.pipeline.counters;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Passes rows through and counts them in an accumulator, which a job client reads while the job runs. */
public final class RowCounter<T> extends RichMapFunction<T, T> {
  private final String accumulator;
  private transient LongCounter rows;

  public RowCounter(String accumulator) {
    this.accumulator = accumulator;
  }

  @Override
  public T map(T row) {
    if (rows == null) {
      rows = counter(getRuntimeContext(), accumulator);
    }
    rows.add(1);
    return row;
  }

  /** The task's counter of this name, added on first use (Flink's own getLongCounter is gone in 2.x). */
  public static LongCounter counter(org.apache.flink.api.common.functions.RuntimeContext context, String name) {
    LongCounter counter = (LongCounter) context.<Long, Long>getAccumulator(name);
    if (counter == null) {
      counter = new LongCounter();
      context.addAccumulator(name, counter);
    }
    return counter;
  }
}
