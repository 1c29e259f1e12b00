<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Source;

/**
 * Exact's G/L accounts (GET /api/v1/shop/exact/options), by code, with an empty choice.
 */
class ExactGlAccounts extends ExactList
{
    protected const KIND = 'gl_account';
}
