package dev.aftermath;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AftermathApplication {
    public static void main(String[] args) {
        SpringApplication.run(AftermathApplication.class, args);
    }
}
