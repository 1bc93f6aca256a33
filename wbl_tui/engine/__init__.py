"""The engine: pure decisions (flow, scoring), rendering and saving. No Textual here."""
