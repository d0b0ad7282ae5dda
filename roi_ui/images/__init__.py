"""Images: safe decoding of uploads (``decode``) and the image every page uses, with what is made from it
(``store``)."""
