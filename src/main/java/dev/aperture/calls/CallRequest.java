package dev.aperture.calls;

import dev.aperture.secrets.Secret;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One outbound request as an integration builds it. {@code secrets} are the values that must be
 * scrubbed from anything recorded about this call (the request carries them in clear text in its
 * URI or headers, as the provider requires); {@code subject} is set when a failure of this call
 * belongs to one independent problem (a list id, a user name).
 */
public record CallRequest(ServiceId service, String method, URI uri, Map<String, String> headers, String body,
                          List<Secret> secrets, String subject) {

    public CallRequest {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        secrets = List.copyOf(secrets == null ? List.of() : secrets);
        subject = subject == null ? "" : subject;
    }

    public static Builder get(ServiceId service, URI uri) {
        return new Builder(service, "GET", uri);
    }

    public static Builder post(ServiceId service, URI uri, String body) {
        return new Builder(service, "POST", uri).body(body);
    }

    public CallRequest withSubject(String newSubject) {
        return new CallRequest(service, method, uri, headers, body, secrets, newSubject);
    }

    public static final class Builder {
        private final ServiceId service;
        private final String method;
        private final URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;
        private final java.util.ArrayList<Secret> secrets = new java.util.ArrayList<>();
        private String subject = "";

        private Builder(ServiceId service, String method, URI uri) {
            this.service = service;
            this.method = method;
            this.uri = uri;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder body(String value) {
            this.body = value;
            return this;
        }

        /** Marks a secret this request carries so every record of the call scrubs it. */
        public Builder secret(Secret secret) {
            if (secret != null && !secret.isEmpty()) {
                secrets.add(secret);
            }
            return this;
        }

        public Builder subject(String value) {
            this.subject = value;
            return this;
        }

        public CallRequest build() {
            return new CallRequest(service, method, uri, headers, body, secrets, subject);
        }
    }
}
