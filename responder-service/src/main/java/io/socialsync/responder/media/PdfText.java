package io.socialsync.responder.media;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** A PDF's text (Apache PDFBox), at most {@code socialsync.media.documents.max-chars}; blocking, CPU-bound. */
@ApplicationScoped
public class PdfText {

    /** Pages read at most: the model gets a few thousand characters anyway. */
    private static final int MAX_PAGES = 30;

    private final int maxChars;

    public PdfText(MediaConfig config) {
        this.maxChars = config.documents().maxChars();
    }

    public String extract(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setEndPage(MAX_PAGES);
            String text = stripper.getText(document).strip().replaceAll("[ \\t]+", " ").replaceAll("\\n{3,}", "\n\n");
            return text.length() <= maxChars ? text : text.substring(0, maxChars) + " …";
        } catch (IOException e) {
            throw new UnreadableMediaException("PDF could not be read: " + e.getClass().getSimpleName());
        }
    }
}
