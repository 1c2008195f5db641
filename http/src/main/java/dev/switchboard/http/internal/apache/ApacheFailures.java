package dev.switchboard.http.internal.apache;

import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.internal.AttemptFailures;
import dev.switchboard.http.internal.OutboundRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.client5.http.impl.classic.RequestFailedException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * Maps what Apache HttpClient throws onto the pipeline's error kinds ({@link AttemptFailures}
 * states the rules). What the client cannot tell us, we track ourselves: whether the response
 * head had arrived (a failure after it is a broken body, {@code PROTOCOL_ERROR}), whether our
 * deadline timer aborted the exchange, and whether the caller cancelled it. Stateless.
 */
final class ApacheFailures {
  private ApacheFailures() {}

  /**
   * @param headReceived true once the status line and headers were parsed
   * @param deadlineFired true when the attempt's deadline timer aborted the exchange
   * @param cancelled true when the caller cancelled the exchange
   */
  static ServiceCallException map(Throwable error, OutboundRequest out, boolean headReceived,
      boolean deadlineFired, boolean cancelled) {
    Throwable t = unwrap(error);
    if (t instanceof ServiceCallException sce) {
      return sce;
    }
    if (t instanceof BodyTooLargeException big) {
      return AttemptFailures.tooLarge(big.limit(), big.what());
    }
    if (deadlineFired) {
      return AttemptFailures.outOfTime(out.attempt(), headReceived ? "while reading the body" : "waiting for the response", t);
    }
    if (cancelled || t instanceof CancellationException) {
      return AttemptFailures.cancelled(out.attempt(), t);
    }
    if (t instanceof ConnectTimeoutException) {
      return AttemptFailures.connectFailed(out.attempt(), "connect timed out", true, t);
    }
    if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
      return AttemptFailures.connectFailed(out.attempt(), "connection refused", true, t);
    }
    if (t instanceof ConnectionRequestTimeoutException) {
      return AttemptFailures.connectFailed(out.attempt(), "no pooled connection became free", true, t);
    }
    if (t instanceof SSLHandshakeException) {
      return AttemptFailures.connectFailed(out.attempt(), "TLS handshake failed", true, t);
    }
    if (t instanceof SocketTimeoutException) {
      // The socket timeout is only a backstop (the call's whole timeout); the timer fires first.
      return AttemptFailures.outOfTime(out.attempt(), "(socket timeout)", t);
    }
    if (t instanceof HttpException || t instanceof MessageConstraintException
        || t instanceof MalformedChunkCodingException
        || t instanceof org.apache.hc.client5.http.ClientProtocolException) {
      return AttemptFailures.protocolError(out.attempt(), "not a valid HTTP answer", t);
    }
    if (headReceived) {
      return AttemptFailures.protocolError(out.attempt(), "the response body broke off", t);
    }
    if (t instanceof NoHttpResponseException) {
      return AttemptFailures.connectFailed(out.attempt(), "the server closed the connection without answering", false, t);
    }
    if (t instanceof IOException) {
      return AttemptFailures.connectFailed(out.attempt(), "connection closed or reset before an answer", false, t);
    }
    return AttemptFailures.protocolError(out.attempt(), "unexpected transport failure", t);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException
        || t instanceof RequestFailedException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
