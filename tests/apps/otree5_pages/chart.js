var hands = {{ C.HANDS|json }};
