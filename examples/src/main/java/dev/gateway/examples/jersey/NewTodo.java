package dev.gateway.examples.jersey;

/**
 * The body of {@code POST /api/todos}: {@code {"title":"buy milk"}}.
 *
 * @param title what is to be done
 */
public record NewTodo(String title) {
}
