package dev.aperture.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.ErrorType;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.RequestDetails;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.RestClient;
import dev.aperture.testing.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dashboard and alert titles name whom a problem is about, so two problems never read the same. */
class DashboardWordsTest {

    private final AppFixture fixture = new AppFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Trakt's answer to a revoked refresh token: 401 invalid_grant, here for one user (the subject). */
    private void revoked(String user) {
        var failure = new Outcome.Failure(ErrorType.AUTHENTICATION, "invalid_grant", 401,
                "Trakt refused the refresh token of user " + user + ".", "Connect the user again.").withSubject(user);
        fixture.app.alerts.record(new Occurrence(ServiceId.TRAKT, failure, new RequestDetails("POST",
                "http://127.0.0.1/oauth/token", Map.of(), 401, "", 5), null, fixture.clock.instant()), 1);
    }

    private String page(String path) {
        RestClient browser = fixture.browserSession();
        RestClient.Reply reply = browser.get(path);
        assertThat(reply.status()).isEqualTo(200);
        return reply.body();
    }

    @Test
    void two_users_rejected_by_trakt_are_two_patterns_and_two_titles_that_name_them() {
        revoked("bob");
        revoked("alice");
        String dashboard = page("/");
        assertThat(dashboard).contains("Trakt rejected the credentials for user bob once since")
                .contains("Trakt rejected the credentials for user alice once since")
                .doesNotContain("Trakt rejected the credentials once");
        assertThat(fixture.api.get("/api/alerts?service=trakt").json().get("alerts"))
                .extracting(a -> a.get("title").asText())
                .containsExactlyInAnyOrder("Trakt user bob: authentication error", "Trakt user alice: authentication error");
        assertThat(dashboard).contains(">2</span> errors").doesNotContain(">1</span> errors");
    }
}
