package dev.aperture.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.ErrorType;
import dev.aperture.calls.ServiceId;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each HTTP flavour against a real receiver on 127.0.0.1: the exact bytes of its native format. */
class WebhookPayloadTest {

    private final FakeServer receiver = new FakeServer().answer(Response.json(200, "{\"ok\":true}"));
    private final NotifyFixture n = new NotifyFixture(TestDatabases.SQLITE);

    @AfterEach
    void close() {
        n.close();
        receiver.close();
    }

    @Test
    void the_generic_webhook_posts_a_versioned_opened_then_resolved_payload_with_custom_headers() {
        n.channel("{\"type\":\"webhook\",\"name\":\"ops\",\"settings\":{\"url\":\"" + receiver.baseUrl()
                + "/hooks/aperture\"},\"headers\":{\"X-Team\":\"ops-token-1234\"}}");
        String id = n.open(ServiceId.TMDB, ErrorType.AUTHENTICATION, "Invalid API key");
        n.flush();

        FakeServer.Recorded opened = receiver.lastRequest();
        assertThat(opened.method()).isEqualTo("POST");
        assertThat(opened.path()).isEqualTo("/hooks/aperture");
        assertThat(opened.header("content-type")).startsWith("application/json");
        assertThat(opened.header("x-team")).isEqualTo("ops-token-1234");
        assertThat(opened.header("x-aperture-event")).isEqualTo("opened");
        assertThat(NotifyFixture.parse(opened.body())).isEqualTo(NotifyFixture.parse("""
                {"version":1,"event":"opened","test":false,"title":"TMDb Authentication Error",
                 "createdAt":"2026-03-14T15:09:57Z",
                 "alerts":[{"dedupKey":"aperture:ID","alertId":"ID","service":"tmdb","serviceName":"TMDb",
                   "type":"authentication","severity":"error","title":"TMDb Authentication Error",
                   "message":"Invalid API key","action":"Check the key and save it.","count":1,
                   "firstSeenAt":"2026-03-14T15:09:26Z","lastSeenAt":"2026-03-14T15:09:26Z","resolvedAt":null,
                   "link":"https://aperture.example.net/alerts/ID"}]}
                """.replace("ID", id)));

        n.resolve(ServiceId.TMDB);
        n.flush();
        assertThat(receiver.requests()).hasSize(2);
        FakeServer.Recorded resolved = receiver.lastRequest();
        assertThat(resolved.header("x-aperture-event")).isEqualTo("resolved");
        assertThat(NotifyFixture.parse(resolved.body())).isEqualTo(NotifyFixture.parse("""
                {"version":1,"event":"resolved","test":false,"title":"Resolved: TMDb Authentication Error",
                 "createdAt":"2026-03-14T15:10:28Z",
                 "alerts":[{"dedupKey":"aperture:ID","alertId":"ID","service":"tmdb","serviceName":"TMDb",
                   "type":"authentication","severity":"error","title":"TMDb Authentication Error",
                   "message":"Invalid API key","action":"Check the key and save it.","count":1,
                   "firstSeenAt":"2026-03-14T15:09:26Z","lastSeenAt":"2026-03-14T15:09:26Z",
                   "resolvedAt":"2026-03-14T15:09:57Z","link":"https://aperture.example.net/alerts/ID"}]}
                """.replace("ID", id)));
    }

    @Test
    void discord_gets_content_and_an_embed_coloured_by_severity_then_green_when_resolved() {
        receiver.answer(Response.of(204, null, ""));
        n.channel("{\"type\":\"discord\",\"settings\":{\"url\":\"" + receiver.baseUrl()
                + "/api/webhooks/1234/discord-token-abcd\"}}");
        String id = n.open(ServiceId.OMDB, ErrorType.RATE_LIMIT, "Request limit reached!");
        n.flush();

        FakeServer.Recorded opened = receiver.lastRequest();
        assertThat(opened.path()).isEqualTo("/api/webhooks/1234/discord-token-abcd");
        assertThat(NotifyFixture.parse(opened.body())).isEqualTo(NotifyFixture.parse("""
                {"username":"Aperture","content":"**OMDb Rate Limit Error**","allowed_mentions":{"parse":[]},
                 "embeds":[{"title":"OMDb Rate Limit Error",
                   "description":"Request limit reached!\\n**Action:** Check the key and save it.",
                   "url":"https://aperture.example.net/alerts/ID","color":15844367,
                   "fields":[{"name":"Service","value":"OMDb","inline":true},
                             {"name":"Severity","value":"warning","inline":true},
                             {"name":"Count","value":"1","inline":true}],
                   "timestamp":"2026-03-14T15:09:26Z"}]}
                """.replace("ID", id)));

        n.resolve(ServiceId.OMDB);
        n.flush();
        JsonNode resolved = NotifyFixture.parse(receiver.lastRequest().body());
        assertThat(resolved.get("content").asText()).isEqualTo("**Resolved: OMDb Rate Limit Error**");
        assertThat(resolved.at("/embeds/0/color").asInt()).isEqualTo(DiscordChannel.GREEN);
        assertThat(resolved.at("/embeds/0/description").asText()).isEqualTo("Request limit reached!");
        assertThat(resolved.at("/embeds/0/timestamp").asText()).isEqualTo("2026-03-14T15:09:57Z");
    }

    @Test
    void slack_gets_text_and_blocks_with_a_linked_title() {
        receiver.answer(Response.of(200, "text/plain", "ok"));
        n.channel("{\"type\":\"slack\",\"settings\":{\"url\":\"" + receiver.baseUrl()
                + "/services/T000/B000/slack-token-abcd\"}}");
        String id = n.open(ServiceId.TMDB, ErrorType.OUTAGE, "TMDb answered 503 <Service Unavailable>");
        n.flush();

        assertThat(receiver.lastRequest().path()).isEqualTo("/services/T000/B000/slack-token-abcd");
        assertThat(NotifyFixture.parse(receiver.lastRequest().body())).isEqualTo(NotifyFixture.parse("""
                {"text":"TMDb Outage Error","blocks":[
                  {"type":"header","text":{"type":"plain_text","text":"TMDb Outage Error"}},
                  {"type":"section","text":{"type":"mrkdwn","text":
                    ":large_blue_circle: *<https://aperture.example.net/alerts/ID|TMDb Outage Error>*\\nTMDb answered 503 &lt;Service Unavailable&gt;\\n_Action:_ Check the key and save it."}},
                  {"type":"context","elements":[{"type":"mrkdwn",
                    "text":"TMDb · info · 1 occurrence · first seen 2026-03-14T15:09:26Z"}]}]}
                """.replace("ID", id)));
    }

    @Test
    void ntfy_gets_a_json_publish_to_the_topic_with_priority_tags_click_and_the_access_token() {
        n.channel("{\"type\":\"ntfy\",\"settings\":{\"url\":\"" + receiver.baseUrl()
                + "/aperture-alerts\",\"token\":\"tk_ntfytoken12345\"}}");
        String id = n.open(ServiceId.TRAKT, ErrorType.AUTHENTICATION, "Invalid client id");
        n.flush();

        FakeServer.Recorded r = receiver.lastRequest();
        assertThat(r.path()).isEqualTo("/");
        assertThat(r.header("authorization")).isEqualTo("Bearer tk_ntfytoken12345");
        assertThat(NotifyFixture.parse(r.body())).isEqualTo(NotifyFixture.parse("""
                {"topic":"aperture-alerts","title":"Trakt Authentication Error",
                 "message":"Trakt Authentication Error (error)\\nInvalid client id\\nAction: Check the key and save it.\\nOccurrences: 1, first seen 2026-03-14T15:09:26Z\\nhttps://aperture.example.net/alerts/ID",
                 "priority":4,"tags":["rotating_light","aperture"],"click":"https://aperture.example.net/alerts/ID"}
                """.replace("ID", id)));

        n.resolve(ServiceId.TRAKT);
        n.flush();
        JsonNode resolved = NotifyFixture.parse(receiver.lastRequest().body());
        assertThat(resolved.get("title").asText()).isEqualTo("Resolved: Trakt Authentication Error");
        assertThat(resolved.get("priority").asInt()).isEqualTo(2);
        assertThat(resolved.get("tags").get(0).asText()).isEqualTo("white_check_mark");
    }

    @Test
    void gotify_gets_title_message_priority_and_the_app_token_in_a_header_not_the_url() {
        n.channel("{\"type\":\"gotify\",\"settings\":{\"url\":\"" + receiver.baseUrl()
                + "/gotify/\",\"token\":\"AgotifyToken.123\"}}");
        String id = n.open(ServiceId.MDBLIST, ErrorType.CONFIGURATION, "List 42 is private");
        n.flush();

        FakeServer.Recorded r = receiver.lastRequest();
        assertThat(r.path()).isEqualTo("/gotify/message");
        assertThat(r.query()).isEmpty();
        assertThat(r.header("x-gotify-key")).isEqualTo("AgotifyToken.123");
        assertThat(NotifyFixture.parse(r.body())).isEqualTo(NotifyFixture.parse("""
                {"title":"MDBList Configuration Error",
                 "message":"MDBList Configuration Error (error)\\nList 42 is private\\nAction: Check the key and save it.\\nOccurrences: 1, first seen 2026-03-14T15:09:26Z\\nhttps://aperture.example.net/alerts/ID",
                 "priority":8,
                 "extras":{"client::notification":{"click":{"url":"https://aperture.example.net/alerts/ID"}}}}
                """.replace("ID", id)));
    }
}
