package dev.gateway.examples.spring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * Spring MVC with its defaults (JSON through Jackson 3), the controllers of this package, and uploads
 * through the Servlet container's multipart support ({@code request.getParts()}).
 */
@Configuration
@EnableWebMvc
@ComponentScan(basePackageClasses = NotesController.class)
public class WebConfig {

    @Bean
    public MultipartResolver multipartResolver() {
        return new StandardServletMultipartResolver();
    }
}
