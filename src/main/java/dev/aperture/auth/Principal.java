package dev.aperture.auth;

/** Who made a request, and how: a session needs a CSRF token on writes, a bearer token does not. */
public record Principal(String userId, String username, String role, boolean viaSession, String csrfToken) {

    public boolean admin() {
        return "admin".equals(role);
    }
}
