// The change tab.
"use strict";
Nudge.tab("change");
