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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Seeded random responses per service, straight into the classifier and through the pipeline (classifier,
 * sanitizer, recorder) without sockets. Nothing throws, every answer gets an outcome, every failure an
 * explanation without the key, and what is kept is bounded. Every run plays the fixed seeds and one fresh
 * seed, which it logs; a failure names its seed and index. Replay one seed with {@code -Dfuzz.seed=<seed>};
 * {@code bench/run-fuzz.sh} plays 100,000 answers per service ({@code -Dfuzz.answers}).
 */
@Execution(ExecutionMode.CONCURRENT)
class FuzzedAnswersTest {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(FuzzedAnswersTest.class);
    static final String KEY = "sekr1t-key-0000000000000000";
    /**
     * Per seed and service: with four seeds, 2,000 per service, enough for every shape RandomAnswers draws to come
     * up (the rarest, a body of megabytes, about once per service, eight times in all); more is the bench's soak, not the fast tier's
     * business. Bodies of 5 to 50 KB took ~2.6 ms each in a timed run (scrubbing reads up to 64 KB of a body),
     * so this count is most of the class's time.
     */
    private static final int ANSWERS = Integer.getInteger("fuzz.answers", 500);
    /** Replayed by every run, so a run that passed once passes again on the same code. */
    static final List<Long> FIXED_SEEDS = List.of(20260314L, 603L, 8_675_309L);
    /** Drawn once per test JVM and logged: the part of each run that explores answers no run has tried. */
    private static final long FRESH_SEED = new java.util.SplittableRandom().nextLong();
    private static final Instant NOW = Instant.parse("2026-03-14T15:09:26Z");

    static Stream<Integration> services() {
        return App.services().stream();
    }

    /** The seeds of this run: the one asked for with -Dfuzz.seed, else the fixed ones and a fresh one. */
    static List<Long> seeds() {
        Long replay = Long.getLong("fuzz.seed");
        if (replay != null) {
            return List.of(replay);
        }
        LOG.info("fuzz seeds {} and fresh seed {} (replay one with -Dfuzz.seed={})", FIXED_SEEDS, FRESH_SEED,
                FRESH_SEED);
        List<Long> all = new ArrayList<>(FIXED_SEEDS);
        all.add(FRESH_SEED);
        return all;
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> servicesAndSeeds() {
        List<Long> seeds = seeds();
        return services().flatMap(s -> seeds.stream().map(seed -> org.junit.jupiter.params.provider.Arguments.of(s, seed)));
    }

    /** Each service draws its own sequence from the run's seed. */
    static long seed(Integration integration, long runSeed) {
        return runSeed + integration.id().ordinal();
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
        Level before = quiet();
        try {
            run.run();
        } finally {
            ((Logger) LoggerFactory.getLogger(Calls.class)).setLevel(before);
        }
    }

    /** One WARN line per failed call is the product's promise; 100,000 of them would drown the build log. */
    private static Level quiet() {
        Logger calls = (Logger) LoggerFactory.getLogger(Calls.class);
        Level before = calls.getLevel();
        calls.setLevel(Level.ERROR);
        return before;
    }

    private static Level levelBefore;

    /** Once for the class: its invocations run side by side, so none may restore the level while others run. */
    @BeforeAll
    static void quietCalls() {
        levelBefore = quiet();
    }

    @AfterAll
    static void restoreCalls() {
        ((Logger) LoggerFactory.getLogger(Calls.class)).setLevel(levelBefore);
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("servicesAndSeeds")
    void random_answers_are_each_classified_without_an_exception(Integration integration, long runSeed) {
        long seed = seed(integration, runSeed);
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
        assertThat(problems).as("%s with seed %d (replay: -Dfuzz.seed=%d)", integration.id().id(), seed, runSeed)
                .isEmpty();
    }

    static String summary(Answer answer) {
        if (answer instanceof Answer.Reply r) {
            String body = r.body().length() > 200 ? r.body().substring(0, 200) + "…(" + r.body().length() + ")" : r.body();
            return "reply " + r.status() + " " + r.headers() + " " + body;
        }
        return "transport failure " + ((Answer.TransportFailure) answer).cause();
    }
}
