package dev.switchboard.cli.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
  @Test
  void quotesFieldsWithCommasOrQuotesAndWritesNumbersWithADot(@TempDir Path dir) throws Exception {
    CsvTable t = new CsvTable("summary", "mode", "p99_ms", "calls")
        .row("p95, budget 5%", 12.5, 3)
        .row("say \"hi\"", 1234.0, 0)
        .row("nan", Double.NaN, 1);

    Path file = t.write(dir);

    assertThat(file.getFileName().toString()).isEqualTo("summary.csv");
    assertThat(Files.readAllLines(file)).containsExactly("mode,p99_ms,calls", "\"p95, budget 5%\",12.5,3",
        "\"say \"\"hi\"\"\",1234,0", "nan,,1");
  }

  @Test
  void aRowWithTheWrongNumberOfValuesIsRefused() {
    assertThatThrownBy(() -> new CsvTable("t", "a", "b").row(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 values for 2 columns");
  }
}
