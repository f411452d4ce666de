"""Three hooks for the apps that read structured report returns (coordination reads none of them):
- the fields they offer to a structured request (`register_return_fields(func)`, func() -> [field dict
  with key, label, type, unit, source and their own keys]): the request form lists them beside the
  pre-filled sources;
- their own rule for a number typed in such a field (`register_value_check(func)`, func(field, number) ->
  an error message or None), checked when the province saves its return, beside coordination's own;
- what they do when the centre accepts a return (`register_return_accepted(func)`, func(user, ret)),
  called in the acceptance's transaction: a refusal (ValidationError) leaves the return submitted.
The indicators app uses both: a province's return of indicator figures becomes its observations."""
_offers = []
_checks = []
_accepted = []


def register_return_fields(func) -> None:
    if func not in _offers:
        _offers.append(func)


def offered_fields() -> dict:
    """{key: field dict} of every registered offer, in registration order."""
    return {field["key"]: field for func in _offers for field in func()}


def register_value_check(func) -> None:
    if func not in _checks:
        _checks.append(func)


def value_error(field, number) -> str | None:
    """The first registered check's message on `number` typed in `field`, or None."""
    for func in _checks:
        message = func(field, number)
        if message:
            return message
    return None


def register_return_accepted(func) -> None:
    if func not in _accepted:
        _accepted.append(func)


def return_accepted(user, ret) -> None:
    for func in _accepted:
        func(user, ret)
