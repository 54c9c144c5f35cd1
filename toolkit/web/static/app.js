// The pages' behaviour; no inline script anywhere (the content security policy forbids it).
"use strict";
