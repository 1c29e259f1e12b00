<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Admin;

use Magento\Backend\Model\Auth\Session;

/**
 * The signed-in admin from Magento's backend auth session (injected as Session\Proxy in etc/di.xml, so the
 * session starts only when a user id is asked for).
 */
class BackendAdminUser implements AdminUserInterface
{
    /** @var Session */
    private $session;

    /**
     * @param Session $session
     */
    public function __construct(Session $session)
    {
        $this->session = $session;
    }

    /**
     * @inheritDoc
     */
    public function getUserId(): ?int
    {
        $user = $this->session->getUser();
        $id = $user !== null ? (int) $user->getId() : 0;
        return $id > 0 ? $id : null;
    }
}
