package dev.aperture.integrations.trakt;

import dev.aperture.secrets.Secret;

/** The start of a device authorization: the code to poll with, what the user enters where, how often to poll. */
public record TraktDeviceCode(Secret deviceCode, String userCode, String verificationUrl, int intervalSeconds,
                              int expiresInSeconds) {}
