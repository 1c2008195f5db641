package dev.switchboard.cli.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SvgChartTest {
  @Test
  void aLineChartIsWellFormedSvgWithOnePathPerSeriesAndEscapedNames() throws Exception {
    String svg = SvgChart.line("Latency <p99> & more", "seconds", "ms")
        .series("a & b", new double[] {0, 1, 2, 3}, new double[] {1, Double.NaN, 3, 4})
        .series("c", new double[] {0, 1, 2, 3}, new double[] {2, 2, 2, 2})
        .render();

    Document doc = parse(svg);
    assertThat(doc.getElementsByTagName("path").getLength()).isEqualTo(2);
    assertThat(svg).contains("a &amp; b").contains("Latency &lt;p99&gt; &amp; more");
    // the NaN leaves a gap: the first path starts a new segment after it
    String first = doc.getElementsByTagName("path").item(0).getAttributes().getNamedItem("d").getNodeValue();
    assertThat(first.chars().filter(c -> c == 'M').count()).isEqualTo(2);
  }

  @Test
  void aLogAxisIsLabelledInPowersOfTenAndSkipsNonPositiveValues() throws Exception {
    String svg = SvgChart.line("tail", "percentile", "ms").logY().percentileTicks(50, 99, 99.9)
        .series("s", new double[] {SvgChart.percentileX(50), SvgChart.percentileX(99), SvgChart.percentileX(99.9)},
            new double[] {0, 12, 1000})
        .render();

    parse(svg);
    assertThat(svg).contains(">10<").contains(">100<").contains(">1000<").contains(">99.9<").contains(">50<");
    assertThat(svg.split("<circle", -1)).hasSize(3); // two drawable points; 0 has no place on a log axis
  }

  @Test
  void aBarChartHasABarAndALabelPerCategoryAndSeries() throws Exception {
    String svg = SvgChart.bars("per layer", "requests", List.of("frontend", "backend", "leaf"))
        .bars("naive", new double[] {4, 16, 64}).bars("budget", new double[] {1.2, 1.5, 1.9}).render();

    Document doc = parse(svg);
    assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(1 + 6 + 2); // frame, bars, legend
    assertThat(svg).contains(">64<").contains(">1.9<").contains(">leaf<");
  }

  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }
}
