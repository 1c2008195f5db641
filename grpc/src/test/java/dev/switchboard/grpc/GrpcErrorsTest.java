package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.pipeline.ResponseClassifier;
import dev.switchboard.pipeline.Response;
import io.grpc.Metadata;
import io.grpc.Status;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {
  private static final ResponseClassifier HTTP = ResponseClassifier.httpStatus();

  private static ServiceCallException http(int status, String pushback) {
    Map<String, List<String>> headers = pushback == null ? Map.of() : Map.of("x-retry-pushback-ms", List.of(pushback));
    return HTTP.classify(new Response(status, headers, new byte[0], Endpoint.of("127.0.0.1", 1)));
  }

  private static Metadata pushback(String value) {
    Metadata m = new Metadata();
    m.put(GrpcErrors.PUSHBACK_KEY, value);
    return m;
  }

  @Test
  void everyFailureCodeMapsToAKind() {
    for (Status.Code code : Status.Code.values()) {
      if (code != Status.Code.OK) {
        assertThat(GrpcErrors.kind(code)).as(code.name()).isNotNull();
        assertThat(GrpcErrors.toException(Status.fromCode(code), new Metadata()).kind()).isEqualTo(GrpcErrors.kind(code));
      }
    }
    assertThat(GrpcErrors.kind(Status.Code.OK)).isNull();
    assertThatThrownBy(() -> GrpcErrors.toException(Status.OK, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryableAgreesWithTheHttpSideForAnalogousStatuses() {
    Object[][] pairs = {
        {Status.Code.UNAVAILABLE, 503},
        {Status.Code.INTERNAL, 500},
        {Status.Code.UNKNOWN, 500},
        {Status.Code.RESOURCE_EXHAUSTED, 429},
        {Status.Code.NOT_FOUND, 404},
        {Status.Code.INVALID_ARGUMENT, 400},
        {Status.Code.PERMISSION_DENIED, 403},
        {Status.Code.UNAUTHENTICATED, 401},
        {Status.Code.ALREADY_EXISTS, 409},
    };
    for (Object[] p : pairs) {
      Status.Code code = (Status.Code) p[0];
      ServiceCallException httpSide = http((Integer) p[1], null);
      ServiceCallException grpcSide = GrpcErrors.toException(Status.fromCode(code), new Metadata());
      assertThat(grpcSide.kind()).as(code + " vs " + p[1]).isEqualTo(httpSide.kind());
      assertThat(grpcSide.retryable()).as(code + " vs " + p[1]).isEqualTo(httpSide.retryable());
      assertThat(GrpcErrors.retryable(Status.fromCode(code), new Metadata())).isEqualTo(httpSide.retryable());
    }
  }

  @Test
  void negativePushbackForbidsRetriesOnBothSides() {
    assertThat(http(503, "-1").retryable()).isFalse();
    assertThat(GrpcErrors.retryable(Status.UNAVAILABLE, pushback("-1"))).isFalse();
    assertThat(GrpcErrors.retryable(Status.UNAVAILABLE, new Metadata())).isTrue();
  }

  @Test
  void positivePushbackBecomesRetryAfterAndGarbageIsIgnored() {
    assertThat(GrpcErrors.toException(Status.UNAVAILABLE, pushback("250")).retryAfter()).contains(Duration.ofMillis(250));
    assertThat(GrpcErrors.toException(Status.UNAVAILABLE, pushback("soon")).retryAfter()).isEmpty();
    assertThat(GrpcErrors.retryable(Status.UNAVAILABLE, pushback("soon"))).isTrue();
  }

  @Test
  void connectionRefusedIsAConnectFailureThatWasNeverSent() {
    ServiceCallException e = GrpcErrors.toException(
        Status.UNAVAILABLE.withCause(new ConnectException("Connection refused")), null);
    assertThat(e.kind()).isEqualTo(ErrorKind.CONNECT_FAILED);
    assertThat(((TransportException) e).neverSent()).isTrue();
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void deadlineAndCancellationAreNotRetryable() {
    assertThat(GrpcErrors.toException(Status.DEADLINE_EXCEEDED, null).kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED);
    assertThat(GrpcErrors.retryable(Status.DEADLINE_EXCEEDED, null)).isFalse();
    assertThat(GrpcErrors.retryable(Status.CANCELLED, null)).isFalse();
  }

  @Test
  void downstreamFailuresAnswerWithDoNotRetryPushback() {
    var sre = GrpcErrors.toStatusRuntimeException(http(503, null));
    assertThat(sre.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(sre.getTrailers().get(GrpcErrors.PUSHBACK_KEY)).isEqualTo("-1");
    assertThat(GrpcErrors.toException(sre).retryable()).isFalse();
  }
}
