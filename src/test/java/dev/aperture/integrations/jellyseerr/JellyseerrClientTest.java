package dev.aperture.integrations.jellyseerr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.calls.CallContext;
import dev.aperture.integrations.Caller;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.PayloadReader;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import dev.aperture.testing.FakeServer.Recorded;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.PipelineFixture;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JellyseerrClientTest {

    private static final String KEY = "MTcwNjI2NzU4NjI3MmY4YjE2YTk0LTc3ZjItNGE0Ny1hMmQ3LTgzZjA0NmQ1NzA5NA==";
    /** The User example of the Overseerr API, which Jellyseerr serves (https://api-docs.overseerr.dev/, schema User). */
    private static final String USER = "{\"id\":1,\"email\":\"hey@itsme.com\",\"username\":\"string\","
            + "\"plexToken\":\"string\",\"plexUsername\":\"string\",\"userType\":1,\"permissions\":0,"
            + "\"avatar\":\"string\",\"createdAt\":\"2020-09-02T05:02:23.000Z\",\"updatedAt\":\"2020-09-02T05:02:23.000Z\","
            + "\"requestCount\":5}";
    /** GET /api/v1/request (same docs, "request" → "Get all requests"): pageInfo, and MediaRequest examples. */
    private static final String REQUESTS = "{\"pageInfo\":{\"pages\":10,\"pageSize\":10,\"results\":100,\"page\":1},"
            + "\"results\":[{\"id\":123,\"status\":2,\"media\":{\"id\":0,\"tmdbId\":0,\"tvdbId\":0,\"status\":0,"
            + "\"requests\":[],\"createdAt\":\"2020-09-12T10:00:27.000Z\",\"updatedAt\":\"2020-09-12T10:00:27.000Z\"},"
            + "\"createdAt\":\"2020-09-12T10:00:27.000Z\",\"updatedAt\":\"2020-09-12T10:00:27.000Z\","
            + "\"requestedBy\":" + USER + ",\"modifiedBy\":" + USER + ",\"is4k\":false,\"serverId\":0,"
            + "\"profileId\":0,\"rootFolder\":\"string\"}]}";

    private final JellyseerrIntegration jellyseerr = new JellyseerrIntegration();
    private final PipelineFixture fixture = new PipelineFixture(jellyseerr);
    private final JellyseerrClient client = new JellyseerrClient(jellyseerr, PayloadReader.boundedMapper());
    private final Caller caller = r -> fixture.calls().call(r, CallContext.job("run-1"));

    @AfterEach
    void close() {
        fixture.close();
    }

    private Settings settings() {
        return Settings.empty().with(Field.BASE_URL, fixture.server.baseUrl()).withSecret(Field.API_KEY, Secret.of(KEY));
    }

    private static JellyseerrUser documentedUser() {
        return new JellyseerrUser(1, null, List.of("string", "string", "hey"));
    }

    @Test
    void a_page_of_requests_is_read_with_who_asked_and_sent_with_the_key_header_and_paging() {
        fixture.server.answer(Response.json(200, REQUESTS));

        Fetched<JellyseerrPage> fetched = client.requests(caller, settings(), 100, 200);

        assertThat(fetched).isEqualTo(new Fetched.Got<>(new JellyseerrPage(100, List.of(new JellyseerrRequest("123", 2,
                null, "0", Optional.of(documentedUser()), Instant.parse("2020-09-12T10:00:27Z")))), fetched.result()));
        Recorded sent = fixture.server.lastRequest();
        assertThat(sent.path()).isEqualTo("/api/v1/request");
        assertThat(sent.query()).contains("take=100").contains("skip=200").contains("sort=added");
        assertThat(sent.header("X-Api-Key")).isEqualTo(KEY);
    }

    @Test
    void a_user_is_read_with_its_login_names_in_order_and_shown_by_its_first_name_without_a_display_name() {
        fixture.server.answer(Response.json(200, USER));

        Fetched<JellyseerrUser> fetched = client.user(caller, settings(), 1);

        assertThat(fetched).isEqualTo(new Fetched.Got<>(documentedUser(), fetched.result()));
        assertThat(documentedUser().shownAs()).isEqualTo("string");
        assertThat(fixture.server.lastRequest().path()).isEqualTo("/api/v1/user/1");
    }

    @Test
    void a_requester_sent_as_a_bare_id_has_no_names_and_a_request_without_requester_has_none() {
        fixture.server.answer(Response.json(200, "{\"pageInfo\":{\"results\":2},\"results\":[{\"id\":7,\"status\":1,"
                + "\"type\":\"tv\",\"media\":{\"tmdbId\":1396},\"requestedBy\":{\"id\":42}},{\"id\":8,\"status\":1}]}"));

        Fetched<JellyseerrPage> fetched = client.requests(caller, settings(), 100, 0);

        assertThat(fetched).isInstanceOfSatisfying(Fetched.Got.class, got -> assertThat(
                ((JellyseerrPage) got.value()).requests()).containsExactly(
                new JellyseerrRequest("7", 1, "tv", "1396", Optional.of(new JellyseerrUser(42, null, List.of())), null),
                new JellyseerrRequest("8", 1, null, null, Optional.empty(), null)));
    }

    @Test
    void an_answer_without_a_results_list_is_unreadable() {
        fixture.server.answer(Response.json(200, "{\"pageInfo\":{\"results\":3}}"));

        assertThat(client.requests(caller, settings(), 1, 0)).isInstanceOf(Fetched.Unreadable.class);
    }
}
