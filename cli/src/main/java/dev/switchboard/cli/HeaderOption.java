package dev.switchboard.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** One {@code -H 'Name: value'} option, checked when parsed: a token name, a colon, no CR or LF. */
record HeaderOption(String name, String value) {
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** picocli's converter for {@code -H}. */
  static final class Converter implements ITypeConverter<HeaderOption> {
    @Override
    public HeaderOption convert(String raw) {
      int colon = raw.indexOf(':');
      if (colon <= 0) {
        throw new TypeConversionException("'" + raw + "' is not a header; use 'Name: value'");
      }
      String name = raw.substring(0, colon).trim();
      String value = raw.substring(colon + 1).trim();
      if (!TOKEN.matcher(name).matches()) {
        throw new TypeConversionException("'" + name + "' is not a valid header name");
      }
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new TypeConversionException("the value of header '" + name + "' contains a line break");
      }
      return new HeaderOption(name, value);
    }
  }
}
