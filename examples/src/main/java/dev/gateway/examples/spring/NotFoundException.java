package dev.gateway.examples.spring;

/** No note has the id asked for; {@link NotesController} answers 404 with a JSON error. */
public final class NotFoundException extends RuntimeException {

    NotFoundException(long id) {
        super("no note " + id);
    }
}
