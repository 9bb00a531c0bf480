package com.offloadnic.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.cbor.JacksonCborHttpMessageConverter;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * {@code application/cbor} (RFC 8949) for bulk traffic: the same records as the JSON, with {@code byte[]} fields as
 * CBOR byte strings instead of base64 text. Uses Boot's {@link CBORMapper}, which carries the strict scalar rules
 * of {@link JsonConfiguration}; Boot puts converter beans ahead of the defaults.
 */
@Configuration(proxyBeanMethods = false)
class CborConfiguration {

    @Bean
    JacksonCborHttpMessageConverter cborHttpMessageConverter(CBORMapper cborMapper) {
        return new JacksonCborHttpMessageConverter(cborMapper);
    }
}
