package dev.aperture.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.aperture.App;
import dev.aperture.calls.Answer;
import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallObserver;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.Calls;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Outcome;
import dev.aperture.calls.Pacing;
import dev.aperture.calls.Recorded;
import dev.aperture.calls.Sanitizer;
import dev.aperture.calls.Transport;
import dev.aperture.integrations.Field;
import dev.aperture.integrations.Integration;
import dev.aperture.integrations.Settings;
import dev.aperture.secrets.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * 100,000 seeded random responses per service, straight into the classifier
 * and through the pipeline (classifier, sanitizer, recorder) without sockets. Nothing throws, every
 * answer gets an outcome, every failure an explanation without the key, and what is kept is bounded.
 * A failure names the seed and the index; replay with {@code -Dfuzz.seed=<seed>}.
 */
class FuzzedAnswersTest {

    static final String KEY = "sekr1t-key-0000000000000000";
    private static final int ANSWERS = 100_000;
    private static final Instant NOW = Instant.parse("2026-03-14T15:09:26Z");

    static Stream<Integration> services() {
        return App.services().stream();
    }

    static long seed(Integration integration) {
        return Long.getLong("fuzz.seed", System.nanoTime()) + integration.id().ordinal();
    }

    static List<CallRequest> requests(Integration integration, String base) {
        Settings settings = Settings.empty().with(Field.BASE_URL, base).with(Field.CLIENT_ID, "client-id-0000")
                .with(Field.SERVER_TYPE, "jellyfin").with(Field.MODEL, "text-embedding-3-small")
                .withSecret(Field.API_KEY, Secret.of(KEY)).withSecret(Field.CLIENT_SECRET, Secret.of(KEY));
        CallRequest probe = integration.probe(settings);
        return List.of(probe, probe.withSubject("list-1"),
                CallRequest.get(integration.id(), URI.create(base + "/lists/1/items?apikey=" + KEY)).build(),
                CallRequest.get(integration.id(), URI.create(base)).build());
    }

    /** What is wrong with an outcome and what was recorded for it, or null. */
    static String problem(CallResult result, List<Occurrence> recorded) {
        if (result == null || result.outcome() == null) {
            return "no outcome";
        }
        if (result.outcome() instanceof Outcome.Failure f) {
            if (f.message().isBlank() || f.action().isBlank() || f.code().isBlank()) {
                return "unexplained failure " + f;
            }
            if ("unclassified".equals(f.code())) {
                return "the classifier threw";
            }
            if ((f.message() + f.action() + f.code()).contains(KEY)) {
                return "key in the failure " + f;
            }
            if (f.message().length() > 1_000 || f.code().length() > 250) {
                return "unbounded failure text " + f.code().length() + "/" + f.message().length();
            }
            if (recorded.size() != 1) {
                return "recorded " + recorded.size() + " occurrences for one failure";
            }
            Occurrence o = recorded.get(0);
            if (o.details().responseExcerpt().length() > Sanitizer.EXCERPT_CHARS + 100
                    || (o.details().url() + o.details().responseExcerpt() + o.details().headers()).contains(KEY)) {
                return "unbounded or unsanitized details " + o.details().url();
            }
        }
        return null;
    }

    static void quietly(Runnable run) {
        Logger calls = (Logger) LoggerFactory.getLogger(Calls.class);
        Level before = calls.getLevel();
        // One WARN line per failed call is the product's promise; 100,000 of them would drown the build log.
        calls.setLevel(Level.ERROR);
        try {
            run.run();
        } finally {
            calls.setLevel(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void a_hundred_thousand_random_answers_are_each_classified_without_an_exception(Integration integration) {
        long seed = seed(integration);
        RandomAnswers answers = new RandomAnswers(seed);
        Answer[] current = new Answer[1];
        List<Occurrence> recorded = new ArrayList<>();
        Calls calls = new Calls(Map.of(integration.id(), integration.classifier()),
                Map.of(integration.id(), integration.selfHosted()), request -> current[0], Pacing.NONE,
                o -> {
                    recorded.add(o);
                    return Optional.of(new Recorded("a", "e"));
                }, CallObserver.NONE, Clock.fixed(NOW, ZoneOffset.UTC), () -> List.of(Secret.of(KEY)));
        List<CallRequest> requests = requests(integration, "http://127.0.0.1:9");
        List<String> problems = new ArrayList<>();
        quietly(() -> {
            for (int i = 0; i < ANSWERS && problems.size() < 5; i++) {
                current[0] = answers.next();
                CallRequest request = requests.get(i % requests.size());
                recorded.clear();
                String problem;
                try {
                    Outcome direct = current[0] instanceof Answer.Reply reply
                            ? integration.classifier().classify(request, reply, NOW)
                            : Transport.classify(integration.id(), ((Answer.TransportFailure) current[0]).cause(),
                                    integration.selfHosted());
                    problem = direct == null ? "classifier answered null"
                            : problem(calls.call(request, CallContext.job("run-1")), recorded);
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                    problem = "threw " + e;
                }
                if (problem != null) {
                    problems.add("index " + i + ": " + problem + " for " + summary(current[0]));
                }
            }
        });
        assertThat(problems).as("%s with seed %d (replay: -Dfuzz.seed=%d)", integration.id().id(), seed,
                seed - integration.id().ordinal()).isEmpty();
    }

    static String summary(Answer answer) {
        if (answer instanceof Answer.Reply r) {
            String body = r.body().length() > 200 ? r.body().substring(0, 200) + "…(" + r.body().length() + ")" : r.body();
            return "reply " + r.status() + " " + r.headers() + " " + body;
        }
        return "transport failure " + ((Answer.TransportFailure) answer).cause();
    }
}
