package dev.gateway.examples.spring;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two endpoints bench/servlet.sh measures: {@code GET /hello} (plain text, Spring's
 * {@code StringHttpMessageConverter}) and {@code GET /hello.json} (a JSON object through Jackson).
 */
@RestController
public class HelloController {

    private static final Map<String, String> MESSAGE = Map.of("message", "Hello, World!");

    @GetMapping(value = "/hello", produces = "text/plain")
    public String hello() {
        return "Hello, World!";
    }

    @GetMapping(value = "/hello.json", produces = "application/json")
    public Map<String, String> json() {
        return MESSAGE;
    }
}
