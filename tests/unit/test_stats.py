"""pykea.stats against Kea's own StatsMgr in this process."""

import pytest

from pykea import KeaError, stats


@pytest.fixture
def name(request):
    statistic = f"pykea.test.{request.node.name}"
    yield statistic
    stats.delete(statistic)


def test_integers_are_set_and_added(name):
    stats.set(name, 5)
    stats.add(name, 3)
    assert stats.get(name) == 8
    stats.add(name, -2**40)
    assert stats.get(name) == 8 - 2**40
    stats.set(name, 2**63 - 1)
    assert stats.get(name) == 2**63 - 1


def test_floats_and_strings(name):
    stats.set(name, 1.5)
    stats.add(name, 0.25)
    assert stats.get(name) == 1.75
    stats.delete(name)
    stats.set(name, "first")
    stats.add(name, "+second")         # Kea appends to a string statistic
    assert stats.get(name) == "first+second"


def test_a_statistic_keeps_its_type_and_kea_says_so(name):
    stats.set(name, 1)
    with pytest.raises(KeaError, match="(?i)type"):
        stats.add(name, 0.5)
    assert stats.get(name) == 1


def test_get_all_reports_samples_as_statistic_get_all_does(name):
    stats.set(name, 1)
    stats.set(name, 2)
    samples = stats.get_all()[name]
    assert [sample[0] for sample in samples[:2]] == [2, 1]     # newest first
    assert isinstance(samples[0][1], str)                     # its timestamp


def test_missing_and_deleted_statistics(name):
    assert stats.get(name) is None
    assert stats.get(name, 0) == 0
    stats.set(name, 1)
    assert stats.delete(name)
    assert not stats.delete(name)
    assert stats.get(name) is None
    assert name not in stats.get_all()


def test_bad_values_are_refused_with_the_reason(name):
    with pytest.raises(TypeError, match="int, a float or a str, not bool"):
        stats.set(name, True)
    with pytest.raises(TypeError, match="not list"):
        stats.add(name, [1])
    with pytest.raises(ValueError, match="64-bit"):
        stats.set(name, 2**63)
    with pytest.raises(ValueError, match="needs a name"):
        stats.set("", 1)
    assert stats.get(name) is None
