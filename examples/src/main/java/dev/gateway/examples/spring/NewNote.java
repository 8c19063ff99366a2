package dev.gateway.examples.spring;

/**
 * The body of {@code POST /notes}: {@code {"text":"buy milk"}}.
 *
 * @param text what the note says
 */
public record NewNote(String text) {
}
