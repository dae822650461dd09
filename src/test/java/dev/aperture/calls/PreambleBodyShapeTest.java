package dev.aperture.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A 2xx reply whose body cannot be the JSON API answering is decided once, before any classifier: the
 * classifier here reads a vendor "error" field out of JSON bodies and notes every reply it is shown, so a
 * test sees both what the preamble decided and what it left to the vendor's dialect.
 */
class PreambleBodyShapeTest {

    private static final Instant NOW = Instant.parse("2026-03-14T15:09:26Z");
    private static final JsonApi PUBLIC = JsonApi.publicApi("TMDb", "Check the TMDb base URL.");
    private static final JsonApi TYPED = JsonApi.typedAddress("The media server", "the media server's API", "not_api",
            "Check the server's login page.", "Check the media server URL.", "Check the media server.");

    private final FakeServer server = new FakeServer();
    private final List<Answer.Reply> shown = new CopyOnWriteArrayList<>();
    private final List<Occurrence> recorded = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        server.close();
    }

    /** A vendor's dialect in miniature: {"error":"…"} inside a 2xx JSON body is a failure, anything else succeeds. */
    private Classifier dialect(Optional<JsonApi> api) {
        return new Classifier() {
            @Override
            public Outcome classify(CallRequest request, Answer.Reply reply, Instant now) {
                shown.add(reply);
                return JsonBody.parse(reply.body()).flatMap(n -> JsonBody.text(n, "error"))
                        .<Outcome>map(e -> new Outcome.Failure(ErrorType.AUTHENTICATION, e, reply.status(),
                                "the vendor said " + e, "check the key"))
                        .orElse(new Outcome.Success(reply.status()));
            }

            @Override
            public Optional<JsonApi> jsonApi() {
                return api;
            }
        };
    }

    private Calls calls(JsonApi api, boolean selfHosted, int maxBodyBytes) {
        return calls(Optional.of(api), selfHosted, maxBodyBytes);
    }

    private Calls calls(Optional<JsonApi> api, boolean selfHosted, int maxBodyBytes) {
        return new Calls(Map.of(ServiceId.TMDB, dialect(api)), Map.of(ServiceId.TMDB, selfHosted),
                new HttpWire(Duration.ofSeconds(2), Duration.ofSeconds(2), maxBodyBytes), Pacing.NONE,
                o -> {
                    recorded.add(o);
                    return Optional.empty();
                }, f -> {}, new MutableClock(NOW), List::of);
    }

    private Outcome get(Calls calls, String path) {
        return calls.call(CallRequest.get(ServiceId.TMDB, URI.create(server.baseUrl() + path))
                .header("Accept", "application/json").build(), CallContext.probe()).outcome();
    }

    private static Outcome.Failure failure(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Failure.class);
        return (Outcome.Failure) outcome;
    }

    @Test
    void an_html_page_answered_with_200_is_a_wrong_base_url_and_never_reaches_the_classifier() {
        server.answer(Response.html(200, "<!doctype html><html><title>Sign in</title></html>"));

        Outcome.Failure failure = failure(get(calls(PUBLIC, false, 1 << 20), "/3/configuration"));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("html_response");
        assertThat(failure.httpStatus()).isEqualTo(200);
        assertThat(failure.message()).startsWith("TMDb answered an HTML page instead of JSON");
        assertThat(failure.action()).isEqualTo("Check the TMDb base URL.");
        assertThat(shown).isEmpty();
        assertThat(recorded).singleElement().satisfies(o -> assertThat(o.failure().code()).isEqualTo("html_response"));
        assertThat(server.lastRequest().path()).isEqualTo("/3/configuration");
        assertThat(server.lastRequest().header("accept")).isEqualTo("application/json");
    }

    @Test
    void a_self_hosted_servers_html_page_with_200_carries_the_code_and_action_its_service_names() {
        server.answer(Response.html(200, "<!DOCTYPE html><html><head><title>Sign in - Authentik</title></head></html>"));

        Outcome.Failure failure = failure(get(calls(TYPED, true, 1 << 20), "/System/Info"));

        assertThat(failure.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(failure.code()).isEqualTo("not_api");
        assertThat(failure.message()).contains("the media server's API").contains("HTTP 200");
        assertThat(failure.action()).isEqualTo("Check the server's login page.");
        assertThat(shown).isEmpty();
    }

    @Test
    void malformed_json_with_200_is_an_outage_in_each_kind_of_service_words() {
        server.answer(Response.json(200, "{\"id\":550,\"title\":\"Fight"));

        Outcome.Failure publicApi = failure(get(calls(PUBLIC, false, 1 << 20), "/3/movie/550"));
        Outcome.Failure typed = failure(get(calls(TYPED, true, 1 << 20), "/Items"));

        assertThat(publicApi.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(publicApi.code()).isEqualTo("invalid_response");
        assertThat(publicApi.message()).isEqualTo(
                "TMDb answered HTTP 200 without a readable JSON body (malformed or cut short).");
        assertThat(publicApi.action()).isEqualTo(Actions.OUTAGE);
        assertThat(typed.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(typed.code()).isEqualTo("invalid_json");
        assertThat(typed.message()).isEqualTo("The media server sent an incomplete or malformed JSON response.");
        assertThat(typed.action()).isEqualTo("Check the media server.");
        assertThat(shown).isEmpty();
    }

    @Test
    void a_body_labelled_json_that_does_not_parse_is_malformed_json_not_a_wrong_address() {
        server.answer(Response.json(200, "upstream hiccup"));

        Outcome.Failure failure = failure(get(calls(TYPED, true, 1 << 20), "/Items"));

        assertThat(failure.code()).isEqualTo("invalid_json");
        assertThat(failure.type()).isEqualTo(ErrorType.OUTAGE);
    }

    @Test
    void plain_text_with_200_is_an_outage_of_a_public_api_and_a_wrong_address_of_a_typed_one() {
        server.answer(Response.of(200, "text/plain", "It works!"));

        Outcome.Failure publicApi = failure(get(calls(PUBLIC, false, 1 << 20), "/3/movie/550"));
        Outcome.Failure typed = failure(get(calls(TYPED, true, 1 << 20), "/System/Info"));

        assertThat(publicApi.type()).isEqualTo(ErrorType.OUTAGE);
        assertThat(publicApi.code()).isEqualTo("invalid_response");
        assertThat(publicApi.message()).endsWith("(not JSON).");
        assertThat(typed.type()).isEqualTo(ErrorType.CONFIGURATION);
        assertThat(typed.code()).isEqualTo("not_json");
        assertThat(typed.message()).isEqualTo(
                "Something other than the media server's API answered at this URL (HTTP 200 without JSON).");
        assertThat(typed.action()).isEqualTo("Check the media server URL.");
        assertThat(shown).isEmpty();
    }

    @Test
    void a_json_body_goes_to_the_vendors_dialect_which_may_find_an_error_inside_a_200() {
        server.answer("/ok", Response.json(200, "{\"id\":550}"));
        server.answer("/refused", Response.json(200, "{\"error\":\"invalid_api_key\"}"));
        Calls calls = calls(PUBLIC, false, 1 << 20);

        assertThat(get(calls, "/ok")).isEqualTo(new Outcome.Success(200));
        Outcome.Failure refused = failure(get(calls, "/refused"));

        assertThat(refused.type()).isEqualTo(ErrorType.AUTHENTICATION);
        assertThat(refused.code()).isEqualTo("invalid_api_key");
        assertThat(shown).extracting(Answer.Reply::body).containsExactly("{\"id\":550}",
                "{\"error\":\"invalid_api_key\"}");
    }

    @Test
    void an_empty_get_answer_is_not_the_api_but_204_and_an_empty_answer_to_a_post_are() {
        server.answer("/empty", Response.of(200, null, ""));
        server.answer("/gone", Response.of(204, null, ""));
        Calls calls = calls(PUBLIC, false, 1 << 20);

        Outcome.Failure empty = failure(get(calls, "/empty"));
        Outcome noContent = get(calls, "/gone");
        Outcome posted = calls.call(CallRequest.post(ServiceId.TMDB, URI.create(server.baseUrl() + "/empty"), "{}")
                .build(), CallContext.probe()).outcome();

        assertThat(empty.code()).isEqualTo("invalid_response");
        assertThat(empty.message()).isEqualTo("TMDb answered HTTP 200 without a readable JSON body (empty).");
        assertThat(noContent).isEqualTo(new Outcome.Success(204));
        assertThat(posted).isEqualTo(new Outcome.Success(200));
        assertThat(shown).extracting(Answer.Reply::status).containsExactly(204, 200);
        assertThat(server.lastRequest().method()).isEqualTo("POST");
        assertThat(server.lastRequest().body()).isEqualTo("{}");
    }

    @Test
    void a_json_body_cut_short_by_the_wires_own_bound_is_still_the_answer() {
        server.answer(Response.json(200, "[{\"id\":1,\"title\":\"Heat\"},{\"id\":2,\"title\":\"Ronin\"}]"));

        Outcome outcome = get(calls(TYPED, true, 16), "/Items");

        assertThat(outcome).isEqualTo(new Outcome.Success(200));
        assertThat(shown).singleElement().satisfies(r -> {
            assertThat(r.truncated()).isTrue();
            assertThat(r.body()).hasSizeLessThanOrEqualTo(16);
        });
    }

    @Test
    void a_request_that_asked_for_something_other_than_json_is_not_judged_as_json() {
        server.answer(Response.of(200, "image/jpeg", "\u00ff\u00d8\u00ff\u00e0 not json"));

        Outcome outcome = calls(TYPED, true, 1 << 20).call(CallRequest.get(ServiceId.TMDB,
                URI.create(server.baseUrl() + "/Items/1/Images/Primary")).header("Accept", "image/*").build(),
                CallContext.probe()).outcome();

        assertThat(outcome).isEqualTo(new Outcome.Success(200));
        assertThat(shown).hasSize(1);
        assertThat(server.lastRequest().header("accept")).isEqualTo("image/*");
    }

    @Test
    void a_classifier_that_names_no_json_api_is_shown_every_2xx_body() {
        server.answer(Response.of(200, "text/plain", "It works!"));

        Outcome outcome = get(calls(Optional.empty(), false, 1 << 20), "/3/movie/550");

        assertThat(outcome).isEqualTo(new Outcome.Success(200));
        assertThat(shown).extracting(Answer.Reply::body).containsExactly("It works!");
    }

    @Test
    void a_non_2xx_reply_is_left_to_the_classifier_whatever_its_body() {
        server.answer(Response.of(401, "text/plain", "denied"));

        Outcome outcome = get(calls(PUBLIC, false, 1 << 20), "/3/movie/550");

        assertThat(outcome).isEqualTo(new Outcome.Success(401));
        assertThat(shown).extracting(Answer.Reply::status).containsExactly(401);
    }
}
