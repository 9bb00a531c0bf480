package com.offloadnic;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the OffloadNIC service. */
@SpringBootApplication
public class OffloadNicApplication {

    public static void main(String[] args) {
        SpringApplication.run(OffloadNicApplication.class, args);
    }
}
