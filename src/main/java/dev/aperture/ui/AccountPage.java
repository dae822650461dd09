package dev.aperture.ui;

import dev.aperture.auth.Accounts;
import dev.aperture.auth.ApiTokens;
import dev.aperture.auth.AuthRoutes;
import dev.aperture.auth.LoginInput;
import dev.aperture.auth.Logins;
import dev.aperture.auth.Principal;
import dev.aperture.web.BadRequest;
import dev.aperture.web.NotFound;
import dev.aperture.web.PageGroup;
import dev.aperture.web.Requests;
import dev.aperture.web.WebServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The signed-in admin's account: change the password; list, create and revoke API tokens. */
final class AccountPage implements PageGroup {

    private final Frame frame;
    private final Logins logins;
    private final Accounts accounts;

    AccountPage(Frame frame, Logins logins) {
        this.frame = frame;
        this.logins = logins;
        this.accounts = logins.accounts();
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/account", ctx -> show(ctx, null, null, null));
        r.post("/account/password", this::changePassword);
        r.post("/account/tokens", this::createToken);
        r.post("/account/tokens/{id}/revoke", ctx -> {
            if (!accounts.revokeToken(ctx.pathParam("id"))) {
                throw new NotFound("There is no active API token with id " + ctx.pathParam("id") + ".");
            }
            Frame.flash(ctx, "Token revoked: scripts using it now get 401.");
            Frame.go(ctx, "/account");
        });
    }

    private void changePassword(Context ctx) {
        String current = Optional.ofNullable(ctx.formParam("currentPassword")).orElse("");
        String next = Optional.ofNullable(ctx.formParam("newPassword")).orElse("");
        try {
            if (current.isEmpty()) {
                throw new BadRequest("currentPassword", "is required");
            }
            LoginInput.newPassword("newPassword", next);
            if (!next.equals(ctx.formParam("confirmPassword"))) {
                throw new BadRequest("confirmPassword", "does not match the new password");
            }
        } catch (BadRequest e) {
            ctx.status(400);
            show(ctx, label(e), null, null);
            return;
        }
        Principal p = Requests.principal(ctx);
        Accounts.Change change = logins.changePassword(ctx, p, current, next,
                Optional.ofNullable(ctx.cookie(WebServer.SESSION_COOKIE)));
        switch (change) {
            case CHANGED -> {
                Frame.flash(ctx, "Password changed. Your other sessions have ended.");
                Frame.go(ctx, "/account");
            }
            case WRONG_CURRENT -> {
                ctx.status(400);
                show(ctx, "The current password is wrong.", null, null);
            }
            case BUSY -> {
                ctx.status(429).header("Retry-After", "1");
                show(ctx, "Too many passwords being checked at once. Try again in a second.", null, null);
            }
            case LOCKED -> {
                ctx.status(429).header("Retry-After", "900");
                show(ctx, "Too many wrong passwords. Try again in 15 minutes.", null, null);
            }
        }
    }

    private void createToken(Context ctx) {
        ApiTokens.Issued issued;
        try {
            String name = Optional.ofNullable(ctx.formParam("name")).map(String::trim).orElse("");
            if (name.isEmpty()) {
                throw new BadRequest("name", "is required");
            }
            String days = Optional.ofNullable(ctx.formParam("expiresInDays")).orElse("").trim();
            issued = accounts.tokens().issue(Requests.principal(ctx).userId(), AuthRoutes.tokenName(name),
                    AuthRoutes.tokenLifetime(days.isEmpty() ? null : days(days)));
        } catch (BadRequest e) {
            ctx.status(400);
            show(ctx, null, label(e), null);
            return;
        }
        show(ctx, null, null, issued);
    }

    private static com.fasterxml.jackson.databind.JsonNode days(String value) {
        try {
            return com.fasterxml.jackson.databind.node.IntNode.valueOf(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new BadRequest("expiresInDays", "must be a whole number of days");
        }
    }

    private static String label(BadRequest e) {
        String field = switch (e.field()) {
            case "currentPassword" -> "Current password";
            case "newPassword" -> "New password";
            case "confirmPassword" -> "New password again";
            case "name" -> "Name";
            case "expiresInDays" -> "Expires";
            default -> e.field();
        };
        return field + " " + e.problem() + ".";
    }

    private void show(Context ctx, String passwordError, String tokenError, ApiTokens.Issued issued) {
        Map<String, Object> params = new HashMap<>();
        params.put("tokens", accounts.tokens().list());
        params.put("passwordError", passwordError);
        params.put("tokenError", tokenError);
        params.put("issued", issued);
        frame.page(ctx, "account.jte", "Account", "account", params);
    }
}
