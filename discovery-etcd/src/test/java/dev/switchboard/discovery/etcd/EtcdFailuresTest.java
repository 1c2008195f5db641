package dev.switchboard.discovery.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.discovery.etcd.internal.EtcdFailures;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdExceptionFactory;
import io.grpc.Status;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failures mean "etcd did not answer" (back off) and which are answers (list again at once). */
class EtcdFailuresTest {
  @Test
  void noAnswerMeansUnreachable() {
    assertThat(EtcdFailures.unreachable(new CompletionException(new TimeoutException()))).isTrue();
    assertThat(EtcdFailures.unreachable(new ConnectException("refused"))).isTrue();
    assertThat(EtcdFailures.unreachable(Status.UNAVAILABLE.asRuntimeException())).isTrue();
    assertThat(EtcdFailures.unreachable(EtcdExceptionFactory.toEtcdException(Status.DEADLINE_EXCEEDED))).isTrue();
    assertThat(EtcdFailures.unreachable(new CompletionException(
        EtcdExceptionFactory.toEtcdException(Status.UNAVAILABLE.withDescription("etcdserver: no leader"))))).isTrue();
  }

  @Test
  void aCompactionOrARefusalIsAnAnswerFromAReachableServer() {
    assertThat(EtcdFailures.unreachable(EtcdExceptionFactory.newCompactedException(42))).isFalse();
    assertThat(EtcdFailures.unreachable(new CompletionException(EtcdExceptionFactory.newEtcdException(
        ErrorCode.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted")))).isFalse();
    assertThat(EtcdFailures.unreachable(EtcdExceptionFactory.toEtcdException(Status.PERMISSION_DENIED))).isFalse();
    assertThat(EtcdFailures.unreachable(Status.FAILED_PRECONDITION.asRuntimeException())).isFalse();
  }

  @Test
  void unwrapsCompletionWrappers() {
    IllegalStateException cause = new IllegalStateException("x");
    assertThat(EtcdFailures.unwrap(new CompletionException(new CompletionException(cause)))).isSameAs(cause);
  }
}
