// The user tab.
"use strict";
Nudge.tab("user");
