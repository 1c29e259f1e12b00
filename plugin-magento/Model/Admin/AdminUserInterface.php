<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Admin;

/**
 * The admin user of this request (the backend auth session), for state kept per admin.
 */
interface AdminUserInterface
{
    /**
     * @return int|null null when no admin is signed in (cron, CLI)
     */
    public function getUserId(): ?int;
}
