package dev.aperture.calls;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Classifies failures that never got a reply. For a public service these are outages; for a
 * self-hosted one (media server, Jellyseerr) refused, unknown host and TLS mistakes mean the admin
 * typed the wrong URL or port: the public APIs are always up at a fixed address, a home server is
 * not.
 */
public final class Transport {

    private Transport() {}

    public enum Kind {
        CONNECTION_REFUSED, UNKNOWN_HOST, CONNECT_TIMEOUT, TIMEOUT, TLS_HANDSHAKE, TLS_PLAINTEXT, CONNECTION_RESET, IO;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Kind kindOf(Throwable error) {
        // HttpClient wraps the real reason: ConnectException with a null message caused by
        // UnresolvedAddressException for an unknown host, or by a ConnectException for a refusal.
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return Kind.UNKNOWN_HOST;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return Kind.CONNECT_TIMEOUT;
            }
            if (t instanceof HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return Kind.TIMEOUT;
            }
            if (t instanceof SSLHandshakeException) {
                return Kind.TLS_HANDSHAKE;
            }
            if (t instanceof SSLException) {
                String m = String.valueOf(t.getMessage());
                // SSLSocket says "Unsupported or unrecognized SSL message"; HttpClient's SSLEngine says
                // "Unrecognized SSL message, plaintext connection?" for the same https-to-http mistake.
                return m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext connection")
                        ? Kind.TLS_PLAINTEXT : Kind.TLS_HANDSHAKE;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return Kind.CONNECTION_REFUSED;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String message = String.valueOf(error.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("reset") || message.contains("closed") || message.contains("eof")) {
            return Kind.CONNECTION_RESET;
        }
        return Kind.IO;
    }

    /** The failure for a request that got no reply. */
    public static Outcome.Failure classify(ServiceId service, Throwable error, boolean selfHosted) {
        Kind kind = kindOf(error);
        String name = service.displayName();
        if (causedBy(error, java.net.MalformedURLException.class)) {
            // HttpWire reports a URL the client cannot send (no http/https scheme, no host) this way:
            // a setting to fix, never an outage.
            return new Outcome.Failure(ErrorType.CONFIGURATION, "invalid_url", null,
                    "The " + name + " URL is not a valid http:// or https:// address.",
                    "Enter the full " + name + " URL, including http:// or https:// and the port, then click Test Connection.");
        }
        String host = "";
        return switch (kind) {
            case CONNECTION_REFUSED -> selfHosted
                    ? config(kind, "Connection refused by " + name + ". The server is not running or the URL/port is wrong.",
                            "Check the " + name + " URL and port in Aperture, and that the server is running.")
                    : outage(kind, name + " refused the connection.");
            case UNKNOWN_HOST -> selfHosted
                    ? config(kind, "The host name of the " + name + " URL cannot be resolved." + host,
                            "Check the host name in the " + name + " URL.")
                    : outage(kind, "Could not resolve " + name + "'s host name (DNS failure or no network).");
            case TLS_HANDSHAKE -> selfHosted
                    ? config(kind, "TLS handshake with " + name + " failed: the certificate is not trusted or does not match the host.",
                            "Check that the " + name + " URL uses the right scheme and host name, or fix the server's certificate.")
                    : outage(kind, "TLS handshake with " + name + " failed.");
            case TLS_PLAINTEXT -> config(kind, "The " + name + " URL uses https but the server speaks plain http on that port.",
                    "Change the " + name + " URL to http:// or point it at the server's https port.");
            case CONNECT_TIMEOUT -> selfHosted
                    ? config(kind, "Timed out connecting to " + name + ". The host may be unreachable or the port wrong.",
                            "Check the " + name + " URL and port, and that Aperture can reach that host.")
                    : outage(kind, "Timed out connecting to " + name + ".");
            case TIMEOUT -> outage(kind, name + " did not answer in time.");
            case CONNECTION_RESET -> outage(kind, "The connection to " + name + " was reset.");
            case IO -> outage(kind, "Network error talking to " + name + ": " + error.getClass().getSimpleName());
        };
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Outcome.Failure outage(Kind kind, String message) {
        return new Outcome.Failure(ErrorType.OUTAGE, kind.code(), null, message, Actions.OUTAGE);
    }

    private static Outcome.Failure config(Kind kind, String message, String action) {
        return new Outcome.Failure(ErrorType.CONFIGURATION, kind.code(), null, message, action);
    }
}
