from pykea import Option, OptionDefinition

def test_smoke():
    d = OptionDefinition.find("domain-name-servers")
    print(d, d.code, d.type, d.array)
    o = Option.from_values("domain-name-servers", "192.0.2.1", "192.0.2.2")
    print(o.wire.hex(), o.value)
