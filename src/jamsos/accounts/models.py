from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Staff, employer and (later) participant log-ins.

    A project-owned user model from the first migration, so that fields such as a
    second factor or the employer a user belongs to can be added without a data move.
    """

    class Meta:
        db_table = "accounts_user"
