package dev.aftermath.notification;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

/** The HTML body, the text body and the attachments of a received MIME message. */
public record MailParts(String html, String text, List<MailParts.Part> attachments) {

    public static MailParts of(jakarta.mail.Part message) throws MessagingException, IOException {
        Collector c = new Collector();
        c.walk(message);
        return new MailParts(c.html, c.text, c.attachments);
    }

    public record Part(String filename, String contentType, byte[] content) {
    }

    private static final class Collector {
        String html;
        String text;
        final List<Part> attachments = new ArrayList<>();

        void walk(jakarta.mail.Part part) throws MessagingException, IOException {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    walk(body);
                }
            } else if (jakarta.mail.Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())
                    || part.getFileName() != null) {
                try (InputStream in = part.getInputStream()) {
                    attachments.add(new Part(part.getFileName(), part.getContentType(), in.readAllBytes()));
                }
            } else if (part.isMimeType("text/html") && html == null) {
                html = part.getContent().toString();
            } else if (part.isMimeType("text/plain") && text == null) {
                text = part.getContent().toString();
            }
        }
    }
}
