package dev.aperture.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.auth.Accounts;
import dev.aperture.auth.Principal;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.JavalinStaticResourceHandler;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.List;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: JSON errors that never carry a stack trace, and the access rule that every
 * {@code /api} route but health and login needs an admin, by session cookie (plus CSRF header on
 * writes) or bearer token.
 */
public final class WebServer {

    public static final String SESSION_COOKIE = "aperture_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final Set<String> PUBLIC = Set.of("/api/health", "/api/auth/login");
    /** A signed-in user of any role may log out, see who they are and change their own password. */
    private static final Set<String> ANY_ROLE = Set.of("/api/auth/logout", "/api/auth/me", "/api/auth/password");
    private static final int MAX_THREADS = 32;
    private static final Set<HandlerType> ENDPOINT_METHODS = Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE);
    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final Javalin app;
    private final Api api;
    private final ErrorPage errorPage;

    public WebServer(ObjectMapper json, Accounts accounts, List<RouteGroup> groups) {
        this(json, accounts, groups, List.of());
    }

    /** {@code pages}: the browser UI, outside {@code /api}, with its own session rule. */
    public WebServer(ObjectMapper json, Accounts accounts, List<RouteGroup> groups, List<PageGroup> pages) {
        this(json, accounts, groups, pages, ErrorPage.NONE);
    }

    /** {@code errorPage}: how the pages show an unknown id or a failure (the API always answers JSON). */
    public WebServer(ObjectMapper json, Accounts accounts, List<RouteGroup> groups, List<PageGroup> pages,
                     ErrorPage errorPage) {
        this(json, accounts, groups, pages, errorPage, TrustedProxies.NONE);
    }

    /** {@code proxies}: whose X-Forwarded-For, -Proto and -Host are believed (see {@link ClientAddress}). */
    public WebServer(ObjectMapper json, Accounts accounts, List<RouteGroup> groups, List<PageGroup> pages,
                     ErrorPage errorPage, TrustedProxies proxies) {
        this.errorPage = errorPage;
        Api[] holder = new Api[1];
        ClientAddress client = new ClientAddress(proxies);
        this.app = Javalin.create(config -> {
            config.contextResolver.ip = client::ip;
            config.contextResolver.scheme = client::scheme;
            config.contextResolver.host = client::host;
            config.jsonMapper(new JavalinJackson(json, false));
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 5_000_000L;
            // A few dozen threads, not Jetty's 250: on a 2-core NAS, 200 concurrent requests running at once
            // only thrash (context switches, every in-flight page's garbage live at the same time: full GCs in
            // a small heap); queued, they finish sooner. See docs/benchmarks.md, "Load".
            QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4, 60_000);
            threads.setName("aperture-http");
            config.jetty.threadPool = threads;
            // First, so every answer has them: redirects, 401s and errors included.
            config.routes.before(BrowserProtections::apply);
            config.routes.before("/api/*", ctx -> authorize(ctx, accounts));
            config.routes.before("/metrics", ctx -> authorize(ctx, accounts));
            holder[0] = new Api(config.routes);
            groups.forEach(g -> g.register(holder[0]));
            if (!pages.isEmpty()) {
                // Javalin's class-loader handler, not Jetty's: Jetty mounts the whole fat jar as a zip file
                // system per static directory (8 mounts of ~13,000 entries, ~25 MB of live heap, found in a heap
                // dump) to serve four files. See docs/benchmarks.md, "Footprint".
                config.resourceHandler(new JavalinStaticResourceHandler());
                config.staticFiles.add(files -> {
                    files.hostedPath = "/static";
                    files.directory = "/static";
                    files.location = Location.CLASSPATH;
                    files.headers = Map.of("Cache-Control", "max-age=300");
                });
                config.staticFiles.enableWebjars();
                pages.forEach(p -> p.register(config.routes));
            }
            config.routes.exception(BadRequest.class, (e, ctx) -> fail(ctx, 400, e.getMessage()));
            config.routes.exception(NotFound.class, (e, ctx) -> fail(ctx, 404, e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> fail(ctx, e.getStatus(), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed: {}", ctx.method(), ctx.path(), e.getClass().getName(), e);
                fail(ctx, 500, "internal error");
            });
            config.routes.error(404, ctx -> {
                if (ctx.path().startsWith("/api") && ctx.result() == null) {
                    error(ctx, 404, "no such route: " + ctx.method() + " " + ctx.path());
                } else if (ctx.result() == null && !ctx.path().startsWith("/static/") && !ctx.path().startsWith("/webjars/")) {
                    fail(ctx, 404, "There is no page at " + ctx.path() + ".");
                }
            });
            config.routes.error(405, ctx -> error(ctx, 405, "method not allowed"));
        });
        this.api = holder[0];
    }

    public WebServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }

    public List<Api.Route> routes() {
        return api.registered();
    }

    /** A page gets its error in the layout; the API (and a page nobody is logged in to) gets JSON. */
    private void fail(Context ctx, int status, String message) {
        boolean api = ctx.path().startsWith("/api") || ctx.path().equals("/metrics");
        if (api || !errorPage.render(ctx, status, message)) {
            error(ctx, status, message);
        }
    }

    /**
     * Every HTTP endpoint the router serves, REST and pages alike, read from the router itself rather
     * than from a list kept by hand, so the access matrix test covers a route the moment it exists.
     */
    public List<Api.Route> endpoints() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(e -> ENDPOINT_METHODS.contains(e.method))
                .map(e -> new Api.Route(e.method.name().toLowerCase(Locale.ROOT), e.path))
                .distinct()
                .toList();
    }

    static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message == null ? "error" : message));
    }

    private static void authorize(Context ctx, Accounts accounts) {
        if (PUBLIC.contains(ctx.path()) || ctx.method() == HandlerType.OPTIONS) {
            return;
        }
        Optional<Principal> principal = Optional.empty();
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            principal = accounts.bearer(authorization.substring(7).trim());
            if (principal.isEmpty()) {
                throw new HttpResponseException(401, "invalid or revoked API token");
            }
        } else {
            String cookie = ctx.cookie(SESSION_COOKIE);
            if (cookie != null && !cookie.isBlank()) {
                principal = accounts.session(cookie);
            }
        }
        if (principal.isEmpty()) {
            throw new HttpResponseException(401, "authentication required: log in or send an API token");
        }
        Principal p = principal.get();
        if (p.viaSession() && !READS.contains(ctx.method())) {
            String csrf = ctx.header(CSRF_HEADER);
            if (csrf == null || !java.security.MessageDigest.isEqual(csrf.getBytes(), p.csrfToken().getBytes())) {
                throw new HttpResponseException(403, "missing or wrong " + CSRF_HEADER + " header");
            }
        }
        if (!p.admin() && !ANY_ROLE.contains(ctx.path())) {
            throw new HttpResponseException(403, "admin access required");
        }
        ctx.attribute(Requests.PRINCIPAL, p);
    }
}
