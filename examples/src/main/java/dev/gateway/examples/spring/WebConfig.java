package dev.gateway.examples.spring;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** Spring MVC with its defaults (JSON through Jackson 3), and the controllers of this package. */
@Configuration
@EnableWebMvc
@ComponentScan(basePackageClasses = NotesController.class)
public class WebConfig {
}
