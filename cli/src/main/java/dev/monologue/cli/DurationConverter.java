package dev.monologue.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration as the client's environment variables take one: milliseconds, or ISO-8601 such as {@code PT5S}. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim();
    try {
      Duration d = v.chars().allMatch(Character::isDigit) && !v.isEmpty() ? Duration.ofMillis(Long.parseLong(v))
          : Duration.parse(v);
      if (d.isNegative() || d.isZero()) {
        throw new TypeConversionException("must be positive, was '" + value + "'");
      }
      return d;
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new TypeConversionException("must be milliseconds or an ISO-8601 duration such as PT5S, was '" + value
          + "'");
    }
  }
}
