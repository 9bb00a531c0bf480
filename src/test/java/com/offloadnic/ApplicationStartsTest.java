package com.offloadnic;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class ApplicationStartsTest {

    @Test
    void contextLoads() {
    }
}
