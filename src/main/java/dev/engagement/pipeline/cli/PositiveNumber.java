package dev.engagement.pipeline.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A count or a number of days or seconds: a whole number above zero. */
final class PositiveNumber implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    try {
      int number = Integer.parseInt(value);
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new TypeConversionException("'" + value + "' is not a positive whole number");
  }
}
