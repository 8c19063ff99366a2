package dev.gateway.server.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One request on the control socket: a JSON object on one line, {@code {"command":"show","args":["workers"]}}.
 * docs/deployment.md ("Control socket") lists the commands.
 *
 * @param command the verb: show, worker, reload, reopen, shutdown
 * @param args    its words
 */
public record ControlRequest(String command, List<String> args) {

    /** The longest request line read; a longer one is answered with an error and the connection closed. */
    public static final int MAX_LINE = 64 * 1024;

    /** The request of one line. */
    public static ControlRequest parse(String line) {
        Map<String, Object> object;
        try {
            object = Json.parseObject(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage());
        }
        if (!(object.get("command") instanceof String command) || command.isEmpty()) {
            throw new IllegalArgumentException("no \"command\" string");
        }
        Object args = object.getOrDefault("args", List.of());
        if (!(args instanceof List<?> list) || !list.stream().allMatch(a -> a instanceof String)) {
            throw new IllegalArgumentException("\"args\" must be a list of strings");
        }
        return new ControlRequest(command, list.stream().map(String.class::cast).toList());
    }

    /** The request as its line (without the newline). */
    public String toLine() {
        return Json.write(Map.of("command", command, "args", new ArrayList<>(args)));
    }

    /** The words after the command, joined: {@code show workers}. */
    @Override
    public String toString() {
        return args.isEmpty() ? command : command + " " + String.join(" ", args);
    }
}
