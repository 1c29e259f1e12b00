<?php

// phpcs:disable PSR1.Classes.ClassDeclaration.MultipleClasses

/**
 * Thrown by the wp_die() and wp_redirect()+exit stand-ins so tests can see that execution stopped.
 */
final class WpDieException extends RuntimeException
{
}

final class WpRedirectException extends RuntimeException
{
}
