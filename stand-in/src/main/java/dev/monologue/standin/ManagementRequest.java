package dev.monologue.standin;

/**
 * One request the {@link AwsStandIn}'s {@code @connections} API received, as it arrived, and the status it got.
 *
 * @param method {@code POST}, {@code GET} or {@code DELETE}
 * @param path the raw path, such as {@code /test/@connections/AbCdEfGhIjKlMnO%3D} (the ID URL-encoded)
 * @param body the request body as UTF-8 text; empty when there was none
 * @param status the HTTP status the stand-in answered
 * @param errorType the {@code x-amzn-ErrorType} it answered with ({@code GoneException}, ...), or null
 */
public record ManagementRequest(String method, String path, String body, int status, String errorType) {}
