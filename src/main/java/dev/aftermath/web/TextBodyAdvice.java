package dev.aftermath.web;

import java.lang.reflect.Type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Every JSON body of Aftermath's API passes {@link TextInput}: a NUL, another control character or an unpaired
 * surrogate anywhere in it is refused with 400 naming the field, before the endpoint sees it. One place, so an
 * endpoint added later is covered too; the endpoints' own readers then check types, lengths and meaning.
 */
@ControllerAdvice(basePackages = "dev.aftermath")
public class TextBodyAdvice extends RequestBodyAdviceAdapter {

    private final ObjectMapper json;

    public TextBodyAdvice(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter,
                                Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        Object tree = body instanceof JsonNode || body instanceof java.util.Map<?, ?>
                || body instanceof java.util.Collection<?> || body instanceof CharSequence || body == null
                ? body : json.valueToTree(body);
        TextInput.requireClean(tree, "Invalid text");
        return body;
    }
}
